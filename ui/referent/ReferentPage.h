#pragma once

#include "WireTypes.h"

#include <QList>
#include <QWidget>

class AidantPage;
class HabilitationWidget;
class ApiClient;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;
class ReferentAidantsFilterModel;
class ReferentAidantsModel;

/// « Mon espace responsable »: the organisations the référent manages (docs/referent.md), their
/// démarches, their active and inactive aidants, and the aidant's page. Everything is read from the
/// server when shown and after each change; an error is said in place, never shown as an empty list.
class ReferentPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReferentPage)

public:
    explicit ReferentPage(ApiClient *api, QWidget *parent = nullptr);
    ~ReferentPage() override;

    /// Shows the lists and reads them from the server; @p preferredOrganisationId is picked first
    /// when the référent manages it (the session's current organisation).
    void open(qint64 preferredOrganisationId = 0);
    /// Reads the organisations and aidants again (after a change).
    void reload();
    /// Removes every personal detail (locked or closed session).
    void clear();
    bool isCleared() const { return m_organisations.isEmpty(); }

    qint64 organisationId() const { return m_organisationId; }
    AidantPage *aidantPage() const { return m_aidantPage; }
    ReferentAidantsModel *model() const { return m_model; }
    HabilitationWidget *habilitationWidget() const { return m_habilitation; }

signals:
    void homeRequested();
    /// The current organisation's démarches changed (the session's information must be read again).
    void organisationChanged();

private:
    void setOrganisations(const QList<ManagedOrganisation> &organisations);
    void selectOrganisation(int index);
    void showOrganisation(const ManagedOrganisation &organisation);
    void loadAidants();
    void saveDemarches();
    void openAidant(const QModelIndex &proxyIndex);
    void showList(const QString &status = QString());
    void showError(const QString &message);
    void showStatus(const QString &message);
    void updateCounts();
    void updateOpenButtons();
    QTableView *makeTable(
        ReferentAidantsFilterModel *filter, const QString &name, const QString &accessibleName);

    ApiClient *m_api;
    /// The context of the requests in flight: replaced by clear(), so that no answer fills the page again.
    QObject *m_requests = nullptr;
    QList<ManagedOrganisation> m_organisations;
    qint64 m_organisationId = 0;
    qint64 m_preferredOrganisationId = 0;

    QStackedWidget *m_stack = nullptr;
    QWidget *m_listWidget = nullptr;
    AidantPage *m_aidantPage = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_organisationComboLabel = nullptr;
    QComboBox *m_organisationComboBox = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_nameLabel = nullptr;
    QLabel *m_addressLabel = nullptr;
    QLabel *m_siretLabel = nullptr;
    QLabel *m_activeCountLabel = nullptr;
    QList<QCheckBox *> m_demarcheCheckBoxes;
    QPushButton *m_saveDemarchesButton = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    ReferentAidantsModel *m_model = nullptr;
    ReferentAidantsFilterModel *m_activeFilter = nullptr;
    ReferentAidantsFilterModel *m_inactiveFilter = nullptr;
    QTableView *m_activeTable = nullptr;
    QTableView *m_inactiveTable = nullptr;
    QLabel *m_activeTitleLabel = nullptr;
    QLabel *m_inactiveTitleLabel = nullptr;
    QPushButton *m_openActiveButton = nullptr;
    QPushButton *m_openInactiveButton = nullptr;
    HabilitationWidget *m_habilitation = nullptr; ///< « Demandes d'habilitation » (docs/habilitation.md)
};
