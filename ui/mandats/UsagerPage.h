#pragma once

#include "Mandat.h"

#include <QList>
#include <QWidget>

#include <functional>

class MandatTranslationChooser;
class MandatsModel;
class QLabel;
class QPushButton;
class QTextDocument;
class QTreeView;

/// One usager of « Mes mandats »: identity, mandats with their démarches, and what can be done
/// with them (renew, revoke a démarche or the whole mandat, reprint, revocation attestation).
class UsagerPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsagerPage)

public:
    /// Asks a yes/no question (default: a QMessageBox); tests replace it to avoid a modal dialog.
    using ConfirmHandler = std::function<bool(QWidget *parent, const QString &title, const QString &text)>;
    /// Shows a document (default: MandatPrinter::preview); tests replace it.
    using PreviewHandler = std::function<void(const QTextDocument &document, QWidget *parent)>;

    explicit UsagerPage(QWidget *parent = nullptr);
    ~UsagerPage() override;

    /// The usager and their mandats (from the offline cache), states computed at `nowMs`. The
    /// selection stays on the same mandat or démarche when it is still there.
    void setData(const UsagerIdentity &usager, const QList<MandatInfo> &mandats, qint64 nowMs);
    const UsagerIdentity &usager() const { return m_usager; }
    /// Offline: the actions that need the server (revoke, renew) are disabled; reprint stays.
    void setOffline(bool offline);
    bool isOffline() const { return m_offline; }

    /// Selects a mandat, or one of its démarches when `autorisationId` is set; false if absent.
    bool select(qint64 mandatId, qint64 autorisationId = 0);
    /// The selected mandat (or the mandat of the selected démarche), nullptr if none.
    const MandatInfo *selectedMandat() const;
    /// The selected démarche, nullptr when a mandat row (or nothing) is selected.
    const AutorisationInfo *selectedAutorisation() const;

    void setConfirmHandler(ConfirmHandler handler) { m_confirmHandler = std::move(handler); }
    void setPreviewHandler(PreviewHandler handler) { m_previewHandler = std::move(handler); }

    MandatsModel *mandatsModel() const { return m_model; }

    /// The confirmation texts, French.
    static QString revokeAutorisationQuestion(const MandatInfo &mandat, const AutorisationInfo &autorisation);
    static QString revokeMandatQuestion(const MandatInfo &mandat, qint64 nowMs);

signals:
    void renewRequested(qint64 mandatId);
    void revokeAutorisationRequested(qint64 mandatId, qint64 autorisationId);
    void revokeMandatRequested(qint64 mandatId);
    /// « Retour » to the list.
    void back();

protected:
    void showEvent(QShowEvent *event) override;
    /// Échap goes back to the list, like « Retour ».
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateActions();
    void renew();
    void revokeAutorisation();
    void revokeMandat();
    void reprint();
    void printRevocation();
    bool confirm(const QString &title, const QString &text);
    void preview(const QTextDocument &document);
    QString usagerName() const;

    MandatsModel *m_model = nullptr;
    UsagerIdentity m_usager;
    qint64 m_nowMs = 0;
    bool m_offline = false;
    QLabel *m_nameLabel = nullptr;
    QLabel *m_identityLabel = nullptr;
    QLabel *m_offlineLabel = nullptr;
    QTreeView *m_treeView = nullptr;
    QPushButton *m_backButton = nullptr;
    QPushButton *m_renewButton = nullptr;
    QPushButton *m_revokeAutorisationButton = nullptr;
    QPushButton *m_revokeMandatButton = nullptr;
    QPushButton *m_reprintButton = nullptr;
    QPushButton *m_attestationButton = nullptr;
    MandatTranslationChooser *m_translationChooser = nullptr;
    ConfirmHandler m_confirmHandler;
    PreviewHandler m_previewHandler;
};
