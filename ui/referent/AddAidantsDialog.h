#pragma once

#include "ApiClient.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QStackedWidget;
class QVBoxLayout;

/// « Ajouter un aidant » (seed 004, « Ma structure est déjà habilitée », step 1): two paths. A person
/// not yet trained gets a habilitation request (Prénom, Nom, Email, Profession, Conseiller
/// numérique; only professionals are eligible, as the form states); an aidant already habilitated in
/// another structure gets a structure change request (their email, optionally a new one). Several
/// people in one go (« Ajouter une autre personne »); the server creates all the requests or none,
/// and its refusal (a duplicate…) is shown in French in the dialog, which stays open.
class AddAidantsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddAidantsDialog)

public:
    AddAidantsDialog(ApiClient *api, qint64 organisationId, QWidget *parent = nullptr);
    ~AddAidantsDialog() override;

    /// Number of rows of each path's form.
    int habilitationRowCount() const { return int(m_habilitationRows.size()); }
    int changeRowCount() const { return int(m_changeRows.size()); }

signals:
    void habilitationRequestsCreated(const QList<ApiClient::HabilitationRequest> &requests);
    void structureChangesCreated(const QList<ApiClient::StructureChange> &changes);

private:
    struct HabilitationRow
    {
        QGroupBox *box = nullptr;
        QLineEdit *firstName = nullptr;
        QLineEdit *lastName = nullptr;
        QLineEdit *email = nullptr;
        QLineEdit *profession = nullptr;
        QCheckBox *conseillerNumerique = nullptr;
        QPushButton *remove = nullptr;
    };
    struct ChangeRow
    {
        QGroupBox *box = nullptr;
        QLineEdit *email = nullptr;
        QLineEdit *newEmail = nullptr;
        QPushButton *remove = nullptr;
    };

    void showPath();
    void addHabilitationRow();
    void addChangeRow();
    void removeHabilitationRow(QGroupBox *box);
    void removeChangeRow(QGroupBox *box);
    void renumber();
    void submit();
    void submitHabilitation();
    void submitChanges();
    void showError(const QString &message, QWidget *focus = nullptr);
    void setBusy(bool busy);

    ApiClient *m_api;
    qint64 m_organisationId;
    QRadioButton *m_newAidantRadio = nullptr;
    QRadioButton *m_changeRadio = nullptr;
    QStackedWidget *m_paths = nullptr;
    QWidget *m_habilitationPage = nullptr;
    QWidget *m_changePage = nullptr;
    QCheckBox *m_professionalCheckBox = nullptr;
    QVBoxLayout *m_habilitationRowsLayout = nullptr;
    QVBoxLayout *m_changeRowsLayout = nullptr;
    QPushButton *m_addHabilitationRowButton = nullptr;
    QPushButton *m_addChangeRowButton = nullptr;
    QList<HabilitationRow> m_habilitationRows;
    QList<ChangeRow> m_changeRows;
    QLabel *m_errorLabel = nullptr;
    QPushButton *m_submitButton = nullptr;
    bool m_busy = false;
};
