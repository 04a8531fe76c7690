#pragma once

#include "ApiClient.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableView;
class TrainingSessionsModel;

/// « Formation de <prénom nom> » (seed 004): the training sessions offered to a habilitation
/// request, one chosen as with a radio button (the current registration pre-selected), « Valider la
/// sélection » registers the request to it (replacing the previous one), « Annuler » closes.
/// Keyboard: arrows move in the list, Space (or Enter) selects the session under the cursor.
class TrainingSelectionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrainingSelectionDialog)

public:
    TrainingSelectionDialog(ApiClient *api, qint64 organisationId,
        const ApiClient::HabilitationRequest &request, QWidget *parent = nullptr);
    ~TrainingSelectionDialog() override;

    qint64 requestId() const { return m_request.id; }
    TrainingSessionsModel *model() const { return m_model; }
    /// Reads the sessions offered from the server; @p message stays shown (the reason of a reload).
    void load(const QString &message = QString());

signals:
    /// The registration is saved; @p request is the server's answer.
    void registered(const ApiClient::HabilitationRequest &request);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void validate();
    void showError(const QString &message);

    ApiClient *m_api;
    qint64 m_organisationId;
    ApiClient::HabilitationRequest m_request;
    TrainingSessionsModel *m_model;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QLabel *m_selectionLabel = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_validateButton = nullptr;
    bool m_loaded = false;
    bool m_busy = false;
};
